/* SPDX-License-Identifier: MIT */
/*
 * The clGet*Info return protocol, once: copy @size bytes of @src to
 * @param_value if it is not NULL (CL_INVALID_VALUE if @param_value_size is
 * too small), and report @size through @param_value_size_ret if not NULL.
 */
#ifndef HMMCL_UTIL_INFO_H
#define HMMCL_UTIL_INFO_H

#include <stddef.h>
#include <string.h>

#include "util/cl.h"

struct hmmcl_info {
    size_t size;      /* param_value_size */
    void *value;      /* param_value */
    size_t *size_ret; /* param_value_size_ret */
};

cl_int hmmcl_info_bytes(const struct hmmcl_info *info, const void *src, size_t size);

static inline cl_int hmmcl_info_string(const struct hmmcl_info *info, const char *s)
{
    return hmmcl_info_bytes(info, s, strlen(s) + 1);
}

#define HMMCL_INFO_TYPED(suffix, type)                                                             \
    static inline cl_int hmmcl_info_##suffix(const struct hmmcl_info *info, type v)                \
    {                                                                                              \
        return hmmcl_info_bytes(info, &v, sizeof(v));                                              \
    }
HMMCL_INFO_TYPED(uint, cl_uint)
HMMCL_INFO_TYPED(int, cl_int)
HMMCL_INFO_TYPED(ulong, cl_ulong)
HMMCL_INFO_TYPED(bool, cl_bool)
HMMCL_INFO_TYPED(size, size_t)
HMMCL_INFO_TYPED(ptr, const void *)
HMMCL_INFO_TYPED(bitfield, cl_bitfield)
#undef HMMCL_INFO_TYPED

#endif
