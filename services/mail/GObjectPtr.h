// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <glib-object.h>
#include <memory>

// Owns one GObject reference (GMime's messages, parts, streams), so early returns cannot leak it.
template <typename T>
struct GObjectUnref {
    void operator()(T *object) const {
        if (object)
            g_object_unref(object);
    }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref<T>>;
