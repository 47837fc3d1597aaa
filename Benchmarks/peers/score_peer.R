#!/usr/bin/env Rscript
# Peer for Benchmarks/Benchmarks/Scoring in R: the same composite-index Monte
# Carlo, written the way an R user would (matrix product for the scores of all
# draws, apply() for ranks and quantiles), R's own BLAS as installed.
#
# Data (identical to the Swift benchmark): unit i = 0..199, indicator j = 0..49,
#   x[i, j] = 100 + 90*sin(0.37*(i + 1)*(j + 1) + j)
# Computation (identical): min-max to 0-10 on the data's range; 10,000 draws of
# the 50 equal weights, each times U(0.75, 1.25), rescaled to sum to one;
# S = X %*% W; per draw the rank of every unit (1 = highest, ties "min");
# per unit the 5/50/95 % quantiles (type 7) of scores and ranks.
#
# Usage: Rscript Benchmarks/peers/score_peer.R [strata-median-seconds]
# Without the argument the strata figure is read from
# $TMPDIR/strata_scoring_benchmark.txt; the ratio is printed when known.
units <- 200L; indicators <- 50L; draws <- 10000L
flops <- 2 * units * indicators * draws
i <- 0:(units - 1); j <- 0:(indicators - 1)
x <- outer(i, j, function(i, j) 100 + 90 * sin(0.37 * (i + 1) * (j + 1) + j))
analysis <- function() {
  lo <- apply(x, 2, min); hi <- apply(x, 2, max)
  xn <- 10 * sweep(sweep(x, 2, lo), 2, hi - lo, "/")
  w <- matrix(1 / indicators * (1 + 0.25 * (2 * runif(indicators * draws) - 1)), indicators, draws)
  w <- sweep(w, 2, colSums(w), "/")
  s <- xn %*% w
  ranks <- apply(-s, 2, rank, ties.method = "min")
  qs <- apply(s, 1, quantile, probs = c(0.05, 0.5, 0.95), type = 7)
  qr <- apply(ranks, 1, quantile, probs = c(0.05, 0.5, 0.95), type = 7)
  list(qs, qr)
}
set.seed(1)
invisible(analysis())
timings <- lapply(1:5, function(k) system.time(analysis()))
times <- sapply(timings, function(t) t[["elapsed"]])
cpu <- sapply(timings, function(t) t[["user.self"]] + t[["sys.self"]])
med <- median(times)
cat(sprintf("R %s: full analysis median %.3f s, best %.3f s (%.2f GFLOP/s on the weighted sums); CPU time median %.3f s\n",
            getRversion(), med, min(times), flops / med / 1e9, median(cpu)))
args <- commandArgs(trailingOnly = TRUE)
strata <- NA
if (length(args) >= 1) {
  strata <- as.numeric(args[1])
} else {
  f <- file.path(Sys.getenv("TMPDIR", "/tmp"), "strata_scoring_benchmark.txt")
  if (file.exists(f)) for (line in readLines(f)) {
    kv <- strsplit(line, "=", fixed = TRUE)[[1]]
    if (kv[1] == "analysis_seconds") strata <- as.numeric(kv[2])
  }
}
if (!is.na(strata)) {
  cat(sprintf("strata median %.4f s: strata is %.1fx faster than R (median against median)\n", strata, med / strata))
} else {
  cat("no strata figure: run the Swift benchmark first (same TMPDIR) or pass its median seconds\n")
}
