// Types shared by a kernel and its test: the host packs them exactly as nvcc lays them out.
#pragma once

// Passed by value: mixed sizes and alignments, padding, and an embedded array, so the parameter
// layout of the loader must match nvcc's byte for byte.
struct LaunchConfig {
  char tag;                // offset 0, then 7 bytes of padding
  double offset;           // 8
  int n;                   // 16
  float scale;             // 20
  short step;              // 24
  float weights[3];        // 28
  unsigned long long mask; // 40
};
static_assert(sizeof(LaunchConfig) == 48, "layout shared with the host");
