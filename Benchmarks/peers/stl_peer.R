#!/usr/bin/env Rscript
# Peer for Benchmarks/Benchmarks/Decomposition: R's stats::stl on the same
# 10,000 monthly series of length 240 that the Swift benchmark uses, with
#   stl(x, s.window = 7, robust = FALSE)   (and robust = TRUE)
# every other argument at R's default. R runs on one core. Rates are the
# median and the best of 10 chunks of 1,000 series; a strata figure named
# *_best is compared with R's best, any other with R's median.
#
# Data (identical to the Swift benchmark): series j = 0..9999, t = 0..239,
#   y[j, t] = 100 + 0.05*t*((j mod 7) - 3) + 10*sin(2*pi*t/12 + 0.37*j) + 3*sin(0.7*t*(1 + (j mod 13)) + j)
#
# Usage: Rscript Benchmarks/peers/stl_peer.R [strata-batch-series-per-second]
# Without the argument, the figure is read from $TMPDIR/strata_stl_benchmark.txt
# (written by the Swift benchmark); the ratio is printed when it is known.
if (!requireNamespace("stats", quietly = TRUE)) {
  cat("SKIP: R package 'stats' is not available\n"); quit(status = 0)
}
count <- 10000L; len <- 240L
t <- 0:(len - 1)
make <- function(j) 100 + 0.05 * t * ((j %% 7) - 3) + 10 * sin(2 * pi * t / 12 + 0.37 * j) +
  3 * sin(0.7 * t * (1 + (j %% 13)) + j)
series <- lapply(0:(count - 1), make)
# The machine may be shared: time 10 chunks of 1,000 series and report the
# median and the best chunk rate (series/s).
rates <- function(robust, n = count, chunks = 10L) {
  size <- n %/% chunks
  sapply(seq_len(chunks), function(c) {
    idx <- ((c - 1L) * size + 1L):(c * size)
    el <- system.time(for (j in idx) stats::stl(ts(series[[j]], frequency = 12), s.window = 7, robust = robust))[["elapsed"]]
    size / max(el, 1e-3)
  })
}
plain <- rates(FALSE)
robust <- rates(TRUE)
r_plain <- median(plain); r_plain_best <- max(plain)
r_robust <- median(robust); r_robust_best <- max(robust)
cat(sprintf("R %s stl, non-robust, s.window = 7: median %.0f, best %.0f series/s (10 chunks of 1,000)\n",
            getRversion(), r_plain, r_plain_best))
cat(sprintf("R %s stl, robust,     s.window = 7: median %.0f, best %.0f series/s (10 chunks of 1,000)\n",
            getRversion(), r_robust, r_robust_best))

args <- commandArgs(trailingOnly = TRUE)
figures <- list()
if (length(args) >= 1) {
  figures[["batch (argument)"]] <- as.numeric(args[1])
} else {
  f <- file.path(Sys.getenv("TMPDIR", "/tmp"), "strata_stl_benchmark.txt")
  if (file.exists(f)) {
    for (line in readLines(f)) {
      kv <- strsplit(line, "=", fixed = TRUE)[[1]]
      if (length(kv) == 2) figures[[kv[1]]] <- as.numeric(kv[2])
    }
  }
}
if (length(figures) == 0) {
  cat("No strata figure: run the Swift benchmark first or pass its series/s as an argument.\n")
} else {
  for (name in names(figures)) {
    if (startsWith(name, "stage_")) {
      # One stage of the operator path, not a whole decomposition: no ratio.
      cat(sprintf("strata %-30s %10.0f series/s (stage only)\n", name, figures[[name]]))
      next
    }
    best <- endsWith(name, "_best")
    ref <- if (grepl("robust", name)) (if (best) r_robust_best else r_robust) else
      (if (best) r_plain_best else r_plain)
    cat(sprintf("strata %-30s %10.0f series/s = %6.1fx R %s %s\n", name, figures[[name]], figures[[name]] / ref,
                if (best) "best" else "median", if (grepl("robust", name)) "(robust)" else "(non-robust)"))
  }
}
