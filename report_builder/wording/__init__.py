"""Every English sentence report-builder shows a reader, in UN editorial style: dates,
numbers, lists of names, flags, the state of play, letters and console tables."""
