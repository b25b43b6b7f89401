"""The same 1,000 names as names.hpp."""

FIRST = ["Ζωή", "Cailín", "Jürgen", "Helen", "Αλέξανδρος", "Siobhán", "Łukasz", "Zoë",
         "François", "Ingrid", "Dmitri", "Ana"]
LAST = ["Παπαδοπούλου", "Ó Briain", "Weiß", "Barker", "Νικολάου", "Ní Bhriain", "Wójcik",
        "Brontë", "Lefèvre", "Sørensen", "Смирнов", "Gonçalves", "Müller"]


def names(n):
    return [FIRST[i % len(FIRST)] + " " + LAST[(i // 7) % len(LAST)] for i in range(n)]
