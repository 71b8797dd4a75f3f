"""The chapter's lessons on the page, one module each, in the chapter's order (a tab each, so a teacher
jumps straight to one): its fixed words, its components, and what one explanation shows in it.

Each module has ``NUMBER`` and ``KEY`` (the lesson's catalogue keys: ``lesson.<KEY>.*``), ``words(s, say)``
(the fixed words), ``build(s, say)`` (the components, a ``Section``) and ``view(ctx)`` (a frozen view of
one explanation); the section's ``fill(view)`` puts each part on its component.
"""
