// Test helper: the worker parameters the rule tests of phase 6 are written with
// (workers_test.cpp, worker_rates_test.cpp), and a worker's propensity class.
#pragma once

#include <cstdint>

#include "world_builder.hpp"

namespace worker_test {

// The worker parameters the rule tests are written with (MODEL.md 7 defaults), so that a
// recalibration of the defaults does not change what these rule tests check.
inline models::Params worker_params() {
  models::Params p = test_world::tiny_params(120000, 2000);
  auto& q = p.workers;
  q.q_local = 1.5, q.q_global = 0.5, q.language_exponent = 1.0, q.churn = 0.15;
  q.displacement_rate = 0.05;
  q.seat_rate = 0.01, q.training_months = 12, q.training_wait = 0.5, q.retrain_success = 0.6;
  q.rehire_rate = 1.0;
  q.new_task_rate = 0.0;  // the v1 rules of leaving unemployment; new tasks are tested apart
  p.firms.afford_scale = 1.0;
  p.countries.labour_share = 0.55;
  return p;
}

// The propensity class of worker i (skill << 2 | youth << 1 | exposed).
inline int use_class(const models::World& w, std::uint32_t i) {
  return w.workers.skill[i] << 2 | w.workers.youth[i] << 1 |
         (w.workers.occupation[i] != models::kNotExposed);
}

}  // namespace worker_test
