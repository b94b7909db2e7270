//! Giving the system back memory the process has freed.

/// Returns to the system what the allocator holds freed. glibc keeps memory a thread frees
/// in that thread's arena, for the thread to use again: after a load, what the loader's
/// threads had freed (the drafts of the events) stayed with the process while the search
/// index was built on a thread of its own, about 60 MB at a million events (BENCHMARKS.md,
/// "Memory"). Elsewhere (another C library, another system) this does nothing.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: `malloc_trim` releases free pages of the allocator's own arenas; it takes
        // no pointer of ours, and glibc documents it as safe to call from any thread at
        // any time (it locks each arena while trimming it).
        unsafe {
            malloc_trim(0);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn giving_back_keeps_what_is_in_use() {
        let kept: Vec<Vec<u8>> = (0..64).map(|i| vec![i as u8; 1 << 16]).collect();
        let freed: Vec<Vec<u8>> = (0..64).map(|_| vec![7u8; 1 << 16]).collect();
        drop(freed);
        super::give_back();
        for (i, v) in kept.iter().enumerate() {
            assert!(v.iter().all(|&b| b == i as u8));
        }
    }
}
