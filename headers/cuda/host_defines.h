/* Part of cuda_runtime.h here; programs include it by this name too. */
#pragma once
#include "cuda_runtime.h"
