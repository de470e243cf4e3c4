// The checks each part of this project runs; every one prints what differed and returns false.
#pragma once

#include <cstdio>

#define API_CHECK(call)                                                                            \
  do {                                                                                             \
    cudaError_t status_ = (call);                                                                  \
    if (status_ != cudaSuccess) {                                                                  \
      printf("FAIL %s:%d %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorName(status_));         \
      return false;                                                                                \
    }                                                                                              \
  } while (0)
#define EXPECT_THAT(condition, ...)                                                                \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      printf("FAIL %s:%d %s: ", __FILE__, __LINE__, #condition);                                   \
      printf(__VA_ARGS__);                                                                         \
      printf("\n");                                                                                \
      return false;                                                                                \
    }                                                                                              \
  } while (0)

bool checkComplexMath();   // cuComplex.h, single and double precision, in a kernel
bool checkScopedAtomics(); // __nv_atomic_* with __NV_ATOMIC_* orders and scopes
bool checkLargeTiles();    // tiled_partition<128>, block_tile_memory, __grid_constant__
bool checkLaunchLimits();  // __launch_bounds__, occupancy through a void pointer
