# Whole-process peer of `strata decompose FILE --period 12 --seasonal-window 7`:
# read a `series,period,value` CSV with base R, run stats::stl (non-robust,
# s.window = 7) on every series, write `series,period,observed,trend,seasonal,remainder`.
# Usage: Rscript Benchmarks/peers/decompose_e2e.R IN.csv OUT.csv
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "character", "numeric"))
parts <- split(d, factor(d$series, levels = unique(d$series)))
out <- lapply(parts, function(p) {
  p <- p[order(p$period), ]
  s <- stats::stl(ts(p$value, frequency = 12), s.window = 7)$time.series
  data.frame(series = p$series, period = p$period, observed = p$value,
             trend = as.numeric(s[, "trend"]), seasonal = as.numeric(s[, "seasonal"]),
             remainder = as.numeric(s[, "remainder"]))
})
write.csv(do.call(rbind, out), args[2], row.names = FALSE, quote = FALSE)
