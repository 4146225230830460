"""textfix's benchmarks: ``python -m benchmarks --help`` lists the commands.

Run from the repository root with textfix installed; the data is read from ../shared (or
``$TEXTFIX_SHARED``) at run time and never copied in.  Results go to benchmarks/results/,
named by topic.
"""
