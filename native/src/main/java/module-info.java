/**
 * llama.cpp's shared libraries for one platform, as resources under {@code dev/gavel/native/}
 * that gavel-core extracts at run time. The module has no classes. Its resource folders are not
 * packages ({@code native} is a keyword), so the module does not encapsulate them and gavel-core
 * reads them through its class loader on the module path as on the class path.
 */
module dev.gavel.natives {
}
