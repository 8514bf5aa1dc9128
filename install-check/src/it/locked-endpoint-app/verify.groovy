// Runs after the throwaway build: starts its jar on a random port, calls the locked endpoint, stops it.
import java.util.concurrent.TimeUnit

// The distlock artifacts came from this build (installed into the check's own local repository), not from ~/.m2.
['distlock-parent', 'distlock-bom', 'lock-core', 'lock-spring', 'lock-spring-boot-autoconfigure',
		'lock-spring-boot-starter'].each { String artifact ->
	File dir = new File(localRepositoryPath, "dev/distlock/$artifact")
	assert dir.isDirectory() : "$artifact was not installed from the reactor into $localRepositoryPath"
}

File jar = new File(basedir, 'target/locked-endpoint-app-1.0.jar')
assert jar.isFile() : "the build made no $jar"
File portFile = new File(basedir, 'target/app.port')
File log = new File(basedir, 'target/app.log')
String java = System.getProperty('java.home') + '/bin/java'
Process app = new ProcessBuilder(java, "-Dport.file=$portFile", '-jar', jar.path, '--server.port=0',
		'--server.address=127.0.0.1')
	.directory(basedir)
	.redirectErrorStream(true)
	.redirectOutput(log)
	.start()
try {
	// A generous bound: a loaded 2-core machine starts Boot in seconds, never in minutes.
	long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
	while (!(portFile.isFile() && portFile.text.trim())) {
		assert app.isAlive() : "the application stopped before it listened:\n${log.text}"
		assert System.nanoTime() < deadline : "the application did not listen within 120 s:\n${log.text}"
		Thread.sleep(100)
	}
	String body = new URL("http://127.0.0.1:${portFile.text.trim()}/greetings/ada").text
	println "GET /greetings/ada -> $body"
	assert body == '{"name":"ada","locked":true}' : "unexpected answer $body; log:\n${log.text}"
	return true
}
finally {
	app.destroy()
	if (!app.waitFor(30, TimeUnit.SECONDS)) {
		app.destroyForcibly()
	}
}
