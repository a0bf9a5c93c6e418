// Derivative-free minimisation in the unit box: Nelder-Mead with clamping to [0, 1]^d.
#pragma once

#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

namespace sim {

struct NelderMeadResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
};

// Minimises f over [0, 1]^d from `start` with an initial simplex of edge `step`, stopping after
// `max_evaluations` or when the simplex values agree within `tolerance`. Points outside the box
// are clamped onto it, so f is only ever evaluated inside.
inline NelderMeadResult nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                                    const std::vector<double>& start, double step,
                                    int max_evaluations, double tolerance = 1e-6) {
  const std::size_t d = start.size();
  const auto clamp = [](std::vector<double> x) {
    for (double& v : x) v = std::clamp(v, 0.0, 1.0);
    return x;
  };
  int evaluations = 0;
  const auto eval = [&](const std::vector<double>& x) {
    ++evaluations;
    return f(x);
  };
  std::vector<std::vector<double>> simplex{clamp(start)};
  for (std::size_t i = 0; i < d; ++i) {
    std::vector<double> x = start;
    x[i] += x[i] + step <= 1.0 ? step : -step;  // stay inside the box
    simplex.push_back(clamp(x));
  }
  std::vector<double> values;
  values.reserve(simplex.size());
  for (const auto& x : simplex) values.push_back(eval(x));

  while (evaluations < max_evaluations) {
    std::vector<std::size_t> order(simplex.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
    const std::size_t best = order.front(), worst = order.back(), second = order[order.size() - 2];
    if (values[worst] - values[best] <= tolerance) break;
    std::vector<double> centroid(d, 0.0);
    for (std::size_t i : order) {
      if (i == worst) continue;
      for (std::size_t k = 0; k < d; ++k) centroid[k] += simplex[i][k] / static_cast<double>(d);
    }
    const auto along = [&](double t) {
      std::vector<double> x(d);
      for (std::size_t k = 0; k < d; ++k)
        x[k] = centroid[k] + t * (simplex[worst][k] - centroid[k]);
      return clamp(x);
    };
    const std::vector<double> reflected = along(-1.0);
    const double fr = eval(reflected);
    if (fr < values[best]) {
      const std::vector<double> expanded = along(-2.0);
      const double fe = eval(expanded);
      if (fe < fr)
        simplex[worst] = expanded, values[worst] = fe;
      else
        simplex[worst] = reflected, values[worst] = fr;
    } else if (fr < values[second]) {
      simplex[worst] = reflected, values[worst] = fr;
    } else {
      const std::vector<double> contracted = along(fr < values[worst] ? -0.5 : 0.5);
      const double fc = eval(contracted);
      if (fc < std::min(fr, values[worst])) {
        simplex[worst] = contracted, values[worst] = fc;
      } else {  // shrink towards the best point
        for (std::size_t i = 0; i < simplex.size(); ++i) {
          if (i == best) continue;
          for (std::size_t k = 0; k < d; ++k) {
            simplex[i][k] = simplex[best][k] + 0.5 * (simplex[i][k] - simplex[best][k]);
          }
          values[i] = eval(simplex[i]);
        }
      }
    }
  }
  const auto best = std::min_element(values.begin(), values.end()) - values.begin();
  return {simplex[best], values[best], evaluations};
}

}  // namespace sim
