#pragma once

// simdact: ReLU, Leaky ReLU, PReLU and ELU, forward and backward, vectorized with xsimd.

#include "detail/config.hpp"

#include "accuracy.hpp"
#include "array.hpp"
#include "bfloat16.hpp"
#include "elu.hpp"
#include "float16.hpp"
#include "half_batch.hpp"
#include "leaky_relu.hpp"
#include "prelu.hpp"
#include "relu.hpp"
#include "version.hpp"
