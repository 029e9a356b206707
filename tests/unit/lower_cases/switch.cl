// SPDX-License-Identifier: MIT
kernel void classify(global int *out, global const int *in)
{
    int i = get_global_id(0), r;
    switch (in[i]) {
    case 0:
        r = 10;
        break;
    case 1:
    case 2:
        r = 20 + in[i];
        break;
    case 7:
        r = -7;
        break;
    case 100:
        r = in[i] * 3;
        break;
    case -5:
        r = 55;
        break;
    default:
        r = in[i] - 1000;
        break;
    }
    out[i] = r;
}
