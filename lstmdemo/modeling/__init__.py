"""The model and what it reads: text, vocabulary, GloVe rows, data sets, the classifier, verified
weights on disk, training, and batched prediction."""
