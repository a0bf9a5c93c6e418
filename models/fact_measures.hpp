// The measures the patterns are built from: group means with MODEL.md section 1's weights,
// date conventions (means over records, flows summed over a year), rank and least-squares
// statistics across countries.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/run_data.hpp"
#include "sim/year_month.hpp"

namespace models::facts {

using Groups = std::vector<std::string>;  // income-group labels
const Groups& high_income();

inline sim::YearMonth ym(int year, int month = 1) { return {year, month}; }

bool in_groups(const RunData& r, int c, const Groups& groups);

// Firm shares of a group weight firms by `firm_count` over the given size classes.
double group_firm_share(const RunData& r, const std::string& var, int t,
                        const std::vector<std::string>& sizes, const Groups& groups);
// The same over a list of countries (indices).
double countries_firm_share(const RunData& r, const std::string& var, int t,
                            const std::vector<std::string>& sizes,
                            const std::vector<int>& countries);
// Worker shares and country means of a group weight countries by `labour_force`.
double group_mean(const RunData& r, const std::string& var, int t, const Groups& groups);
// Exposed occupations (complementary and substitutable) over employment, 2023-01.
double exposed_share(const RunData& r, const Groups& groups);

// Mean of f(t) over the records from `first` to `last` (a state variable over Y1-Y2).
double mean_over(const RunData& r, const sim::YearMonth& first, const sim::YearMonth& last,
                 const std::function<double(int)>& f);
// A country's share of the flow `ai_investment_usd` summed over the records of `year`.
double investment_share_of_year(const RunData& r, int c, int year);
// Africa's share of the same flow, from the per-record `africa_investment_share`.
double africa_investment_share_of_year(const RunData& r, int year);

// The run's countries among `iso3` codes, as indices, in the order given (absent ones dropped).
std::vector<int> run_countries(const RunData& r, const std::vector<std::string>& iso3);

double mean(const std::vector<double>& x);
double sample_sd(const std::vector<double>& x);
// Ranks from 1, ties at their mean rank.
std::vector<double> ranks(const std::vector<double>& x);
// Spearman's rank correlation; NaN for fewer than two values or no spread.
double spearman(const std::vector<double>& a, const std::vector<double>& b);
// Ordinary least-squares slope of y on x; NaN for fewer than two values or no spread in x.
double ols_slope(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace models::facts
