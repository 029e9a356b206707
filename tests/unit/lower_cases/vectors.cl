// SPDX-License-Identifier: MIT
kernel void vec4(global float4 *out, global const float4 *a, global const float4 *b, float s)
{
    int i = get_global_id(0);
    float4 x = a[i], y = b[i];
    float4 r = x * y + s;
    r = fmax(r, (float4)(0.5f));
    out[i] = r.wzyx + (float4)(x.xy, y.zw);
}

kernel void vec3(global float *out, global const float *in)
{
    int i = get_global_id(0);
    float3 v = vload3(i, in);
    float3 w = v * 2.0f + (float3)(1.0f, 2.0f, 3.0f);
    vstore3(w.zxy, i, out);
}

kernel void vec3ptr(global float3 *out, global const float3 *in)
{
    int i = get_global_id(0);
    out[i] = in[i].yzx + fabs(in[i]);
}

kernel void ints(global uchar4 *out, global const uint *in, global int *flags)
{
    int i = get_global_id(0);
    uchar4 c = as_uchar4(in[i]);
    out[i] = c.wzyx + (uchar4)(1);
    int4 v = (int4)(in[i], -1, 0, 2);
    flags[i] = any(v < 0) + all(v >= -1) * 2 + (v.x == in[i]) * 4;
}

kernel void dyn(global float *out, global const float4 *in, global const int *idx)
{
    int i = get_global_id(0);
    float4 v = in[i];
    v[idx[i] & 3] = 42.0f;
    out[i] = v[(idx[i] + 1) & 3] + v[idx[i] & 3];
}
