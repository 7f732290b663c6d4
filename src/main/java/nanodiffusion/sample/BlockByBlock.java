package nanodiffusion.sample;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A task's rows produced one block at a time, as Spark asks for them: it holds one block, never its whole share. */
final class BlockByBlock {
    private BlockByBlock() {
    }

    /** The rows of {@code nextBlock()} after one another, while {@code more} says there is another block. */
    static <T> Iterator<T> of(BooleanSupplier more, Supplier<Iterator<T>> nextBlock) {
        return new Iterator<>() {
            private Iterator<T> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && more.getAsBoolean()) {
                    current = nextBlock.get();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
