// SPDX-License-Identifier: MIT
// Work-group and sub-group functions, sub-group queries, async copies.
kernel void coll(global const int *in, global int *out, global float *fout)
{
    size_t g = get_global_id(0);
    int x = in[g];
    global int *o = out + g * 8;
    o[0] = work_group_reduce_add(x);
    o[1] = work_group_scan_exclusive_min(x);
    o[2] = work_group_broadcast(x, get_local_size(0) - 1);
    o[3] = work_group_any(x == 5);
    o[4] = sub_group_scan_inclusive_max(x);
    o[5] = (int)(get_sub_group_id() * 100 + get_sub_group_local_id());
    o[6] = (int)get_sub_group_size();
    sub_group_barrier(CLK_LOCAL_MEM_FENCE);
    o[7] = (int)sub_group_reduce_add((uint)x);
    fout[g] = work_group_scan_inclusive_add((float)x);
}

kernel void copy(global const int *in, global int *out)
{
    local int tile[40];
    size_t grp = get_group_id(0);
    event_t e = async_work_group_strided_copy(tile, in + grp * 80, 40, 2, 0);
    wait_group_events(1, &e);
    prefetch(in, 8);
    e = async_work_group_copy(out + grp * 40, tile, 40, 0);
    wait_group_events(1, &e);
}
