"""Click-to-load embeds: nothing is requested from a video or map host before the visitor asks."""

from __future__ import annotations

from consortia.embeds import defer_embeds


def test_a_youtube_video_becomes_a_placeholder_with_a_button():
    html = '<p>Watch:</p><iframe width="560" src="https://www.youtube-nocookie.com/embed/abc" title="Our kick-off"></iframe>'
    deferred = defer_embeds(html)
    assert "<iframe" not in deferred
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/abc"' in deferred
    assert "This video is hosted by YouTube. Loading it sends your IP address to YouTube." in deferred
    assert ">Load the video</button>" in deferred
    assert deferred.startswith("<p>Watch:</p>")


def test_a_map_and_an_unknown_host_are_deferred_too():
    deferred = defer_embeds("<iframe src='https://www.openstreetmap.org/export/embed.html?bbox=1'></iframe>"
                            '<iframe src="https://maps.example.org/x"></iframe>')
    assert "<iframe" not in deferred
    assert "This map is hosted by OpenStreetMap." in deferred
    assert "This content is hosted by maps.example.org." in deferred


def test_attribute_values_are_escaped_in_the_placeholder():
    deferred = defer_embeds('<iframe src="https://vimeo.com/1" title="&quot;x&quot; <b>"></iframe>')
    assert "<b>" not in deferred


def test_a_page_without_embeds_is_unchanged():
    html = "<p>No video here.</p>"
    assert defer_embeds(html) == html
