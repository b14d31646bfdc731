"""What okrcoach needs of Jupyter: quiet kernels that can be reused (:mod:`.kernels`), and
executed notebooks turned into offline HTML reports (:mod:`.export`)."""
