"""`erfaring import`: a PowerPoint deck made elsewhere becomes a draft module in the library."""
