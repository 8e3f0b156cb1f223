package io.pixtools.app.access;

import io.pixtools.processors.PixHeaders;

/**
 * Who is calling, as {@link ApiAccessFilter} established it, in the request header {@link PixHeaders#CALLER} that
 * the routes read (any such header a client sends is dropped first): an API key's id, {@link #SIGNED_LINK} for a
 * download through a valid signed link, or absent when the API is open.
 */
public final class Callers {

    public static final String SIGNED_LINK = "signed-link";

    private Callers() {}
}
