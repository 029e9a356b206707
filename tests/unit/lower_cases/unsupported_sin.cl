// SPDX-License-Identifier: MIT
// sin is not lowered yet: the build must fail with a clear message.
kernel void wave(global float *out)
{
    int i = get_global_id(0);
    out[i] = sin((float)i);
}
