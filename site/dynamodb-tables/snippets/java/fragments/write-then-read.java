// Replace with the name of your table.
String tableName = "Music";

// Write the item.
client.putItem(PutItemRequest.builder()
        .tableName(tableName)
        .item(Map.ofEntries(Map.entry("Artist", AttributeValue.builder().s("Acme Band").build()), Map.entry("SongTitle", AttributeValue.builder().s("Happy Day").build()), Map.entry("AlbumTitle", AttributeValue.builder().s("Songs About Life").build())))
        .build());

// Read it back by its full key.
GetItemResponse response = client.getItem(GetItemRequest.builder()
        .tableName(tableName)
        .key(Map.ofEntries(Map.entry("Artist", AttributeValue.builder().s("Acme Band").build()), Map.entry("SongTitle", AttributeValue.builder().s("Happy Day").build())))
        .build());
System.out.println(response.item());
