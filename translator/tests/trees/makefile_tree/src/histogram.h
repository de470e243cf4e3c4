/* Host-side binning in C, shared with the CUDA sources. */
#ifndef HISTOGRAM_H
#define HISTOGRAM_H

#ifdef __cplusplus
extern "C" {
#endif

/* Counts values into `bins` equal bins over [0, limit); returns how many fell outside. */
int histogram(const int *values, int count, int limit, int bins, int *counts);

#ifdef __cplusplus
}
#endif

#endif
