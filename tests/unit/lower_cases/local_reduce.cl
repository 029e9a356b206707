// SPDX-License-Identifier: MIT
kernel void reduce(global const int *in, global int *out, local int *scratch)
{
    local int total;
    int lid = get_local_id(0), n = get_local_size(0);
    scratch[lid] = in[get_global_id(0)];
    if (lid == 0)
        total = 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = n / 2; s > 0; s /= 2) {
        if (lid < s)
            scratch[lid] += scratch[lid + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    atomic_add(&total, scratch[lid] > 0 ? 1 : 0);
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        out[get_group_id(0) * 2] = scratch[0];
        out[get_group_id(0) * 2 + 1] = total;
    }
}
