#pragma once

// PReLU's array kernels, for every storage type: plan the walk (prelu_plan.hpp), then execute it.

#include "prelu_backward.hpp"
#include "prelu_forward.hpp"
#include "prelu_plan.hpp"
