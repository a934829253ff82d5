/* The system zlib (Debian: zlib1g-dev), for reading gzip-compressed data files such as MNIST's
   IDX files (Sources/SFNLanguage/Inflate.swift). Foundation on Linux has no gzip decoder. */
#include <zlib.h>
