#ifndef CHORUS_CGZIP_SHIM_H
#define CHORUS_CGZIP_SHIM_H

#include <zlib.h>

/* deflateInit2 is a macro (it passes the library version and the stream's size): Swift cannot call it. */
static inline int chorus_deflate_init_gzip(z_stream *stream, int level) {
    /* windowBits 15 + 16: a gzip header and trailer around the deflate data; memLevel 8 is zlib's default. */
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/* inflateInit2 likewise; windowBits 15 + 32 reads a gzip or zlib header, whichever comes. */
static inline int chorus_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
