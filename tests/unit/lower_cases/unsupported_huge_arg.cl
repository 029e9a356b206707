// SPDX-License-Identifier: MIT
// A by-value struct argument over the lowering's 64 KiB limit on a kernel's arguments.
typedef struct {
    char bytes[65537];
} huge_t;

kernel void huge_arg(global char *out, huge_t h)
{
    out[get_global_id(0)] = h.bytes[get_global_id(0)];
}
