// SPDX-License-Identifier: MIT
// Built with -O0, so the constant index reaches the SPIR-V as written:
// 0x2000000000000001 * sizeof(long) is 8 modulo 2^64, the address of out[1].
#pragma clang diagnostic ignored "-Warray-bounds"

kernel void wrapping_index(global long *out)
{
    global long *p = out + 0x2000000000000001L;
    *p = 42;
}
