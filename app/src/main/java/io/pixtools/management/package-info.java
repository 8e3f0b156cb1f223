/**
 * Configuration of the management context: it runs on the application's port, or in a child context on
 * {@code MANAGEMENT_SERVER_PORT}. These classes are loaded only through
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}; they
 * live outside {@code io.pixtools.app} so that component scanning never loads them into the main context as well.
 */
package io.pixtools.management;
