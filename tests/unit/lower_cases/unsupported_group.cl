// SPDX-License-Identifier: MIT
// async_work_group_copy (OpGroupAsyncCopy) is not lowered yet: a clear failure.
kernel void prefetch(global const float *in, local float *tile, global float *out)
{
    event_t e = async_work_group_copy(tile, in, 64, 0);
    wait_group_events(1, &e);
    out[get_global_id(0)] = tile[get_local_id(0)];
}
