// A type per slot, so that a layer can overload its per-slot hooks on the slot.
#pragma once

#include "DriverSlots.h"

namespace qiao::layers {

template <Slot S> struct SlotTag {};

} // namespace qiao::layers
