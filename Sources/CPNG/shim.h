#ifndef ZOO_CPNG_SHIM_H
#define ZOO_CPNG_SHIM_H
/* libpng reports errors with longjmp, which Swift cannot catch, so whole-image decode and encode
   run here in C and return a status plus a message. Pixels are row-major and interleaved;
   16-bit samples are in host byte order. */
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#define ZOO_PNG_ERROR_SIZE 256

typedef struct {
    unsigned int width;
    unsigned int height;
    int channels;          /* 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA */
    int bit_depth;         /* 8 or 16 */
    unsigned char *pixels; /* malloc'd; release with zoo_png_free */
    size_t size;           /* bytes in pixels */
} zoo_png_image;

typedef struct { const unsigned char *data; size_t size; size_t offset; } zoo_png_source;
typedef struct { unsigned char *data; size_t size; size_t capacity; } zoo_png_sink;

static inline void zoo_png_on_error(png_structp png, png_const_charp message) {
    char *buffer = (char *)png_get_error_ptr(png);
    if (buffer) { strncpy(buffer, message, ZOO_PNG_ERROR_SIZE - 1); buffer[ZOO_PNG_ERROR_SIZE - 1] = 0; }
    png_longjmp(png, 1);
}
static inline void zoo_png_on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static inline void zoo_png_read_source(png_structp png, png_bytep out, png_size_t length) {
    zoo_png_source *source = (zoo_png_source *)png_get_io_ptr(png);
    if (length > source->size - source->offset) png_error(png, "unexpected end of data (truncated PNG)");
    memcpy(out, source->data + source->offset, length);
    source->offset += length;
}

static inline int zoo_png_is_little_endian(void) { const unsigned short one = 1; return *(const unsigned char *)&one == 1; }

/* Decodes a whole PNG held in memory. Returns 0, or -1 with a message in error (ZOO_PNG_ERROR_SIZE bytes). */
static inline int zoo_png_decode(const unsigned char *data, size_t size, zoo_png_image *image, char *error) {
    memset(image, 0, sizeof(*image));
    error[0] = 0;
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        strncpy(error, "not a PNG file (bad signature)", ZOO_PNG_ERROR_SIZE - 1);
        return -1;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, error, zoo_png_on_error, zoo_png_on_warning);
    if (!png) { strncpy(error, "out of memory", ZOO_PNG_ERROR_SIZE - 1); return -1; }
    png_infop info = png_create_info_struct(png);
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    zoo_png_source source = { data, size, 0 };
    if (!info || setjmp(png_jmpbuf(png))) {
        free(pixels); free(rows);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        if (!error[0]) strncpy(error, "corrupt PNG data", ZOO_PNG_ERROR_SIZE - 1);
        return -1;
    }
    png_set_read_fn(png, &source, zoo_png_read_source);
    png_read_info(png, info);
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16 && zoo_png_is_little_endian()) png_set_swap(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    pixels = (unsigned char *)malloc(rowbytes * height);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + y * rowbytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    image->width = width;
    image->height = height;
    image->channels = png_get_channels(png, info);
    image->bit_depth = png_get_bit_depth(png, info);
    image->pixels = pixels;
    image->size = rowbytes * height;
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

static inline void zoo_png_free(zoo_png_image *image) { free(image->pixels); image->pixels = NULL; image->size = 0; }

static inline void zoo_png_write_sink(png_structp png, png_bytep bytes, png_size_t length) {
    zoo_png_sink *sink = (zoo_png_sink *)png_get_io_ptr(png);
    if (sink->size + length > sink->capacity) {
        size_t capacity = sink->capacity ? sink->capacity * 2 : 65536;
        while (capacity < sink->size + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(sink->data, capacity);
        if (!grown) png_error(png, "out of memory");
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, bytes, length);
    sink->size += length;
}
static inline void zoo_png_flush_sink(png_structp png) { (void)png; }

/* Encodes interleaved pixels (channels 1–4, bit_depth 8 or 16 in host order) into a PNG in sink->data
   (malloc'd; release with zoo_png_sink_free). compression is zlib's level 0–9. Returns 0 or -1 with a message. */
static inline int zoo_png_encode(const unsigned char *pixels, unsigned int width, unsigned int height,
                                 int channels, int bit_depth, int compression, zoo_png_sink *sink, char *error) {
    static const int color_types[5] = { -1, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA };
    memset(sink, 0, sizeof(*sink));
    error[0] = 0;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0) {
        strncpy(error, "unsupported image layout for PNG", ZOO_PNG_ERROR_SIZE - 1);
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, error, zoo_png_on_error, zoo_png_on_warning);
    if (!png) { strncpy(error, "out of memory", ZOO_PNG_ERROR_SIZE - 1); return -1; }
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        free(sink->data); sink->data = NULL; sink->size = 0; sink->capacity = 0;
        return -1;
    }
    png_set_write_fn(png, sink, zoo_png_write_sink, zoo_png_flush_sink);
    png_set_compression_level(png, compression);
    png_set_IHDR(png, info, width, height, bit_depth, color_types[channels], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bit_depth == 16 && zoo_png_is_little_endian()) png_set_swap(png);
    size_t rowbytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (unsigned int y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + y * rowbytes));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

static inline void zoo_png_sink_free(zoo_png_sink *sink) { free(sink->data); sink->data = NULL; sink->size = 0; sink->capacity = 0; }
#endif
