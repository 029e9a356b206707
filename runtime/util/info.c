/* SPDX-License-Identifier: MIT */
#include "util/info.h"

cl_int hmmcl_info_bytes(const struct hmmcl_info *info, const void *src, size_t size)
{
    if (info->value) {
        if (info->size < size)
            return CL_INVALID_VALUE;
        if (size)
            memcpy(info->value, src, size);
    }
    if (info->size_ret)
        *info->size_ret = size;
    return CL_SUCCESS;
}
