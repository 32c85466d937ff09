#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// write(2), named apart from the `write` methods of the types that call it (a bare
/// `write` inside them would mean the method), on glibc and musl alike.
func posixWrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes.baseAddress, bytes.count)
    #else
    Musl.write(fd, bytes.baseAddress, bytes.count)
    #endif
}
