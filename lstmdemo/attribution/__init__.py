"""Why the model answers as it does, for one sentence: Integrated Gradients (with its adaptive rule,
quadrature and the sharing of jumps too sharp to sample), occlusion, gradient flow, the gate replay
and what these say about each modifier."""
