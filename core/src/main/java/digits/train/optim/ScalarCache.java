package digits.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import java.util.HashMap;
import java.util.Map;

/**
 * 0-d float32 arrays used as operands of in-place arithmetic. DJL turns every {@code muli(Number)} into a freshly
 * created native scalar (tens of microseconds, more than the arithmetic on a small parameter); reusing arrays, and
 * overwriting them in place when a per-step value changes, costs a few microseconds at most.
 */
final class ScalarCache implements AutoCloseable {

    private final Map<Device, NDManager> managers = new HashMap<>();
    private final Map<Key, NDArray> arrays = new HashMap<>();
    private final Map<Key, Float> variableValues = new HashMap<>();

    /** A fixed hyper-parameter; each distinct value is kept until {@link #close()}. */
    synchronized NDArray constant(float value, NDArray like) {
        Key key = new Key(like.getDevice(), Integer.toString(Float.floatToIntBits(value)));
        NDArray array = arrays.get(key);
        if (array == null || array.isReleased()) {
            array = create(value, like.getDevice());
            arrays.put(key, array);
        }
        return array;
    }

    /** A value that changes between steps (learning rate, bias corrections): one array per name, overwritten. */
    synchronized NDArray variable(String name, float value, NDArray like) {
        Key key = new Key(like.getDevice(), "variable:" + name);
        NDArray array = arrays.get(key);
        if (array == null || array.isReleased()) {
            array = create(value, like.getDevice());
            arrays.put(key, array);
        } else if (Float.floatToIntBits(variableValues.get(key)) != Float.floatToIntBits(value)) {
            array.set(new float[] {value});
        }
        variableValues.put(key, value);
        return array;
    }

    private NDArray create(float value, Device device) {
        NDManager manager = managers.get(device);
        if (manager == null || !manager.isOpen()) {
            manager = NDManager.newBaseManager(device);
            managers.put(device, manager);
        }
        NDArray array = manager.create(value);
        NDScope.unregister(array); // lives across updates, not just the step that created it
        return array;
    }

    @Override
    public synchronized void close() {
        arrays.clear();
        variableValues.clear();
        managers.values().forEach(NDManager::close);
        managers.clear();
    }

    private record Key(Device device, String id) {
    }
}
