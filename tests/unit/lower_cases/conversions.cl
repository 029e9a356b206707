// SPDX-License-Identifier: MIT
kernel void conv(global int *iout, global float *fout, global const float *f, global const int *n)
{
    int i = get_global_id(0);
    float x = f[i];
    int v = n[i];
    iout[i * 8 + 0] = (int)x;
    iout[i * 8 + 1] = convert_int_sat(x * 1e10f);
    iout[i * 8 + 2] = convert_uchar_sat(v);
    iout[i * 8 + 3] = convert_int_rtn(x);
    iout[i * 8 + 4] = convert_int_rtp(x);
    iout[i * 8 + 5] = (uint)x;
    iout[i * 8 + 6] = convert_char_sat(v);
    iout[i * 8 + 7] = (short)v;
    fout[i * 4 + 0] = (float)v;
    fout[i * 4 + 1] = (float)(uint)v;
    fout[i * 4 + 2] = as_float(v);
    fout[i * 4 + 3] = floor(x) + ceil(x) * 10 + round(x) * 100 + trunc(x) * 1000;
}
