/** bin/camel's entry point: the Camel CLI (camel-jbang-core) with the arguments it was given. */
public final class CamelCli {

    private CamelCli() {
    }

    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
