/** A user's modular application: it requires the library's module by name. */
module example.modular {
    requires dev.libsharedmemory;
}
