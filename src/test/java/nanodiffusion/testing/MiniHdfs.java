package nanodiffusion.testing;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** An in-process HDFS (one name node, one data node) bound to 127.0.0.1 on free ports, its files under a folder. */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    public MiniHdfs(Path folder) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, folder.toString());
        for (String key : List.of("dfs.namenode.http-address", "dfs.datanode.address", "dfs.datanode.http.address",
                "dfs.datanode.ipc.address")) {
            conf.set(key, "127.0.0.1:0"); // loopback only, any free port
        }
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build(); // binds 127.0.0.1 (loopback)
        cluster.waitActive();
    }

    /** hdfs://127.0.0.1:PORT followed by {@code path} (absolute). */
    public String uri(String path) {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + path;
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
