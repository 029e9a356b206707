// SPDX-License-Identifier: MIT
kernel void counter(global int *c, volatile global int *legacy, global long *c64,
                    global atomic_int *c11, global int *minmax)
{
    int id = get_global_id(0);
    atomic_inc(legacy);
    atomic_add(c, 2);
    atom_add(c64, (long)id << 32);
    atomic_fetch_add_explicit(c11, 1, memory_order_relaxed, memory_scope_all_svm_devices);
    atomic_min(&minmax[0], id);
    atomic_max(&minmax[1], id);
    atomic_or(&minmax[2], 1 << (id & 31));
    int old = atomic_cmpxchg(&minmax[3], id, id + 1); // serialises 0, 1, 2, ...
    (void)old;
    atomic_xchg(&minmax[4], 7);
    atomic_dec(&minmax[5]);
    atomic_sub(&minmax[6], 3);
}

kernel void float_xchg(global float *f, global float *old, global atomic_long *l)
{
    old[get_global_id(0)] = atomic_xchg(f, (float)get_global_id(0));
    atomic_fetch_max(l, (long)get_global_id(0) - 100);
    long expected = 0;
    atomic_compare_exchange_strong(l, &expected, 5);
}
