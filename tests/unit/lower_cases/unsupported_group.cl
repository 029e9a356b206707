// SPDX-License-Identifier: MIT
// Collectives on half (no F16 arithmetic in the ISA) fail with a clear message.
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
kernel void halves(global const half *in, global half *out)
{
    size_t i = get_global_id(0);
    out[i] = work_group_reduce_add(in[i]);
}
