"""Pages about residents: the list, each person's record and the small forms that change it."""
