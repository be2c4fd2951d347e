# The decent-work indicators of mlalib.decent_work computed with R's survey package, for
# benchmarks/decent_work_vs_r.py (which writes the data, runs this script and compares).
#
# Usage: Rscript decent_work_vs_r.R <lfs.csv> <out.csv> <repeats> <logistic.csv>
# Prints the best CPU time (user + system) and the best elapsed time of the indicators over <repeats> runs, then
# the same for the weighted logistic regression (svyglm). Reading the file is not timed. The regression's
# coefficients and SEs are written from a fit converged to glm.control(epsilon = 1e-15).
#
# Design: svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE), R's default treatment of
# strata with one PSU. Target populations are domains of the whole design (subset() of the design).

suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
repeats <- as.integer(args[3])
care_units <- c(2221, 2222, 2342, 3221, 3222, 5311, 5312, 5321, 5322)

totals_se <- function(des, columns) {
  # design SE of the weighted totals of per-row linearised values
  des$variables <- cbind(des$variables, columns)
  SE(svytotal(as.formula(paste("~", paste(names(columns), collapse = "+"))), des))
}

indicators <- function(d) {
  emp <- d$labour_status == "employed"
  d$emp <- emp
  d$fatal <- ifelse(emp, d$fatal_occupational_injury, 0)
  d$nonfatal <- ifelse(emp, d$nonfatal_injury_cases, 0)
  d$informal_ <- ifelse(emp, d$informal, 0)
  d$pension <- ifelse(emp, d$contributes_to_pension, 0)
  d$domestic <- ifelse(emp, d$domestic_worker, 0)
  d$care <- ifelse(emp, as.numeric(d$isco_unit %in% care_units & d$domestic_worker == 0), 0)
  d$youth <- d$age >= 15 & d$age <= 24
  d$neet <- as.numeric(d$youth & !emp & d$in_education_or_training == 0)
  d$tertiary <- emp & d$isced_level >= 5 & !is.na(d$occupation) & d$occupation != 0
  d$over <- as.numeric(d$tertiary & d$occupation >= 4)
  d$has_pay <- !is.na(d$monthly_earnings)
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
  by <- ~sex + migrant_status
  rates <- list(
    svyby(~fatal + nonfatal + informal_ + pension + domestic + care, by, subset(des, emp), svymean),
    svyby(~neet, by, subset(des, youth), svymean),
    svyby(~over, by, subset(des, tertiary), svymean))
  # mean pay gap of migrants against non-migrants, by sex: delta method on the covariance of the domain means
  pay <- subset(des, has_pay)
  means <- svyby(~monthly_earnings, ~migrant_status + sex, pay, svymean, covmat = TRUE)
  mean_gap <- svycontrast(means, list(
    female = quote(100 * (`non-migrant.female` - migrant.female) / `non-migrant.female`),
    male = quote(100 * (`non-migrant.male` - migrant.male) / `non-migrant.male`)))
  # median pay gap: each median and its Woodruff SE from svyquantile (normal quantile, df = Inf). The gap's SE by
  # linearisation: a median's influence is -(SE of the median / SE of F(m)) (1[y <= m] - F(m)) / N in its domain;
  # the design variance of the gap's linearised total comes from svytotal (covariance through shared PSUs included)
  med <- svyby(~monthly_earnings, ~migrant_status + sex, pay, svyquantile, quantiles = 0.5, ci = TRUE, se = TRUE,
               df = Inf)
  y <- d$monthly_earnings
  keys <- rownames(med)
  f <- list()
  for (k in seq_along(keys)) {
    member <- d$has_pay & paste(d$migrant_status, d$sex, sep = ".") == keys[k]
    n_w <- sum(d$weight[member])
    below <- member & y <= med[keys[k], "monthly_earnings"]
    f[[paste0("f", k)]] <- ifelse(member, (as.numeric(below) - sum(d$weight[below]) / n_w) / n_w, 0)
  }
  f <- as.data.frame(f)
  slope <- med[, "se.monthly_earnings"] / totals_se(des, f)
  influence <- -sweep(as.matrix(f), 2, slope, "*")
  colnames(influence) <- keys
  m <- setNames(med[, "monthly_earnings"], keys)
  gap <- list()
  for (sex in c("female", "male")) {
    g <- paste0("migrant.", sex)
    r <- paste0("non-migrant.", sex)
    gap[[sex]] <- 100 * (-influence[, g] / m[r] + m[g] * influence[, r] / m[r]^2)
  }
  sexes <- c("female", "male")
  median_gap <- data.frame(sex = sexes,
                           estimate = 100 * (m[paste0("non-migrant.", sexes)] - m[paste0("migrant.", sexes)]) /
                             m[paste0("non-migrant.", sexes)],
                           se = as.numeric(totals_se(des, as.data.frame(gap))))
  list(rates = rates, mean_gap = mean_gap, median_gap = median_gap)
}

logistic <- function(d, control = glm.control()) {
  d$employed <- as.numeric(d$labour_status == "employed")
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
  do.call(svyglm, list(employed ~ sex + migrant_status + age_group + age, design = des, family = quasibinomial(),
                       control = control))  # svyglm evaluates its arguments where `control` is not visible
}

best_of <- function(f) {
  cpu <- Inf
  elapsed <- Inf
  for (i in seq_len(repeats)) {
    start <- proc.time()
    result <- f(d)
    used <- proc.time() - start
    cpu <- min(cpu, used[["user.self"]] + used[["sys.self"]])
    elapsed <- min(elapsed, used[["elapsed"]])
  }
  list(result = result, cpu = cpu, elapsed = elapsed)
}

run <- best_of(indicators)
result <- run$result
rows <- list()
scale <- c(fatal = 1e5, nonfatal = 1e5, informal_ = 100, pension = 100, domestic = 100, care = 100, neet = 100,
           over = 100)
for (table in result$rates) {
  variables <- attr(table, "svyby")$variables
  for (v in variables) {
    se <- if (length(variables) > 1) paste0("se.", v) else "se"
    rows[[length(rows) + 1]] <- data.frame(indicator = v, sex = table$sex, migrant_status = table$migrant_status,
                                           estimate = scale[[v]] * table[[v]], se = scale[[v]] * table[[se]])
  }
}
rows[[length(rows) + 1]] <- data.frame(indicator = "mean_pay_gap", sex = names(coef(result$mean_gap)),
                                       migrant_status = "migrant", estimate = as.numeric(coef(result$mean_gap)),
                                       se = as.numeric(SE(result$mean_gap)))
rows[[length(rows) + 1]] <- data.frame(indicator = "median_pay_gap", sex = result$median_gap$sex,
                                       migrant_status = "migrant", estimate = result$median_gap$estimate,
                                       se = result$median_gap$se)
write.csv(do.call(rbind, rows), args[2], row.names = FALSE)
fit <- best_of(logistic)  # timed with glm's default convergence (relative change of deviance < 1e-8)
# compared at full convergence: with the default, R's SEs use the working weights of the previous iteration
converged <- logistic(d, glm.control(epsilon = 1e-15, maxit = 100))
write.csv(data.frame(term = names(coef(converged)), coefficient = as.numeric(coef(converged)),
                     se = as.numeric(SE(converged))), args[4], row.names = FALSE)
cat(sprintf("%.6f %.6f %.6f %.6f\n", run$cpu, run$elapsed, fit$cpu, fit$elapsed))
