/* cuda_pipeline.h as the translator parses it: the pipeline primitives (__pipeline_memcpy_async,
 * __pipeline_commit, __pipeline_wait_prior) are qiao/pipeline.h's, with CUDA's names. */
#pragma once
#include <cuda/pipeline>
