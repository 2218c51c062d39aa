package io.jobwarden.server.http;

import io.jobwarden.engine.spi.JobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real store with one seam: while {@link #hold} is in force, the scheduler's {@code planDue} waits at a gate,
 * which is what a hung scheduler loop looks like from outside. Every other call goes straight to the store.
 */
final class GatedStore {
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();

    JobStore wrap(JobStore real) {
        return (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    CountDownLatch held = gate.get();
                    if (held != null && method.getName().equals("planDue")) held.await();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    void hold() {
        gate.set(new CountDownLatch(1));
    }

    void release() {
        CountDownLatch held = gate.getAndSet(null);
        if (held != null) held.countDown();
    }
}
