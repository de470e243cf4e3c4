/* cooperative_groups/memcpy_async.h as the translator parses it: a group's asynchronous copies and
 * the waits for them, declared only (Qiao's definitions are in qiao/cooperative_groups.h). */
#pragma once

#include "../cooperative_groups.h"

namespace cooperative_groups {

template <class Group, class T, class Size>
void memcpy_async(const Group &group, T *destination, const T *source, const Size &count);
template <class Group, class T, class DstLayout, class SrcLayout>
void memcpy_async(const Group &group, T *destination, const DstLayout &destinationCount,
                  const T *source, const SrcLayout &sourceCount);
template <unsigned Stage, class Group> void wait_prior(const Group &group);
template <class Group> void wait(const Group &group);

} // namespace cooperative_groups
